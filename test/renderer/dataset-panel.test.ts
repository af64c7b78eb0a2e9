// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import DatasetPanel from '../../renderer/panels/DatasetPanel.svelte';
import { Workbench } from '../../renderer/state/app.svelte.ts';
import { createFakeApi, summary } from './fake-api.ts';
import { datasetProps } from './panel-props.ts';

async function setup(kind: 'web' | 'electron' = 'web') {
  const fake = createFakeApi(kind);
  const app = new Workbench(fake.api);
  await app.init();
  render(DatasetPanel, { props: datasetProps(app) });
  return { ...fake, app };
}

function dropEvent(files: File[]) {
  return { dataTransfer: { files, types: ['Files'] } };
}

describe('DatasetPanel', () => {
  it('loads the bundled names on start and shows count, alphabet, length histogram and the import report', async () => {
    const { api } = await setup();
    expect(api.datasets.loadBundled).toHaveBeenCalledOnce();
    expect(screen.getByTestId('names-count').textContent).toBe('3');
    expect(screen.getByLabelText('Alphabet').textContent).toBe('a b e m n o');
    expect(screen.getByRole('img', { name: 'Name lengths' })).toBeTruthy();
    const report = screen.getByTestId('import-report');
    expect(report.querySelector('summary')!.textContent).toContain('3 accepted, 2 skipped');
    const skipped = within(report).getByRole('list', { name: 'Skipped lines of names.txt' });
    const rows = within(skipped).getAllByRole('listitem').map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(['line 2 blank line', 'line 5 duplicate anna (first on line 1)']);
  });

  it('imports dropped files as bytes and shows the new summary', async () => {
    const { api } = await setup();
    const file = new File(['rex\nfido\n'], 'pets.txt', { type: 'text/plain' });
    await fireEvent.drop(screen.getByRole('group', { name: 'Drop names files here' }), dropEvent([file]));
    await vi.waitFor(() => expect(screen.getByTestId('names-count').textContent).toBe('2'));
    const [files] = api.datasets.importFiles.mock.calls[0] as unknown as [{ fileName: string; bytes: Uint8Array }[]];
    expect(files[0]!.fileName).toBe('pets.txt');
    expect(new TextDecoder().decode(files[0]!.bytes)).toBe('rex\nfido\n');
    expect(screen.getByTestId('dataset-notice').textContent).toContain('Loaded 2 names from pets.txt');
  });

  it('shows the engine’s refusal and keeps what was loaded', async () => {
    const { api } = await setup();
    api.datasets.importFiles.mockRejectedValueOnce(new Error('bad.txt: the file is binary (a NUL byte at offset 3), not text'));
    await fireEvent.drop(screen.getByRole('group', { name: 'Drop names files here' }), dropEvent([new File(['\0\0'], 'bad.txt')]));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('bad.txt: the file is binary');
    expect(screen.getByTestId('names-count').textContent).toBe('3');
  });

  it('renders names from files as isolated text, never as HTML', async () => {
    const fake = createFakeApi();
    fake.api.datasets.loadBundled.mockResolvedValueOnce(summary({ files: ['<img src=x onerror=alert(1)>.txt', 'שמות.txt'], categories: ['<b>x</b>', 'عربي'], namesPerCategory: [1, 2] }));
    const app = new Workbench(fake.api);
    await app.init();
    const { container } = render(DatasetPanel, { props: datasetProps(app) });
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    const bdis = Array.from(container.querySelectorAll('bdi')).map((b) => b.textContent);
    expect(bdis).toEqual(expect.arrayContaining(['<img src=x onerror=alert(1)>.txt', 'שמות.txt', '<b>x</b>', 'عربي']));
  });

  it('opens files with a file input in the browser and with the native dialog in Electron', async () => {
    const web = await setup('web');
    const input = screen.getByLabelText('Names files') as HTMLInputElement;
    let clicked = false;
    input.addEventListener('click', () => (clicked = true));
    await fireEvent.click(screen.getByRole('button', { name: 'Open names files…' }));
    expect(clicked).toBe(true);
    expect(web.api.datasets.openDialog).not.toHaveBeenCalled();
    document.body.innerHTML = '';

    const electron = await setup('electron');
    await fireEvent.click(screen.getAllByRole('button', { name: 'Open names files…' }).at(-1)!);
    await vi.waitFor(() => expect(screen.getAllByTestId('names-count').at(-1)!.textContent).toBe('7'));
    expect(electron.api.datasets.openDialog).toHaveBeenCalledOnce();
  });
});
