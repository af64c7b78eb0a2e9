// The library's stores on electron-store's own base class, conf (electron-store itself needs Electron).

import Conf from 'conf';
import type { OpenStore } from '../../../electron/store-file.ts';

export const openConf: OpenStore = ({ cwd, name, schema, clearInvalidConfig }) => new Conf({ cwd, configName: name, schema, clearInvalidConfig });
