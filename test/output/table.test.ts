import { describe, expect, it } from 'vitest';
import { cellWidth, formatTable, paginationFooter } from '../../src/lib/output/table.js';
import { expectGolden } from './golden.js';

describe('formatTable (tabwriter minwidth 1, padding 3)', () => {
  it('pads every column but the last to its widest cell + 3', () => {
    const out = formatTable(
      ['MESH', 'NAME', 'AGE'],
      [
        ['default', 'timeout-1', '292y'],
        ['default', 'a', '5m'],
      ],
    );
    expect(out).toBe('MESH      NAME        AGE\ndefault   timeout-1   292y\ndefault   a           5m\n');
    expectGolden('table-basic.txt', out);
  });

  it('keeps the trailing spaces of empty trailing cells', () => {
    const out = formatTable(
      ['NAME', 'STATUS', 'ZONE'],
      [
        ['zone-1', 'Online', 'z'],
        ['zone-2', '', ''],
      ],
    );
    expect(out.split('\n')[2]).toBe('zone-2   ' + ' '.repeat(9));
    expectGolden('table-empty-trailing-cells.txt', out);
  });

  it('pads empty cells in the middle too', () => {
    expect(formatTable(['A', 'B', 'C'], [['x', '', 'z']])).toBe('A   B   C\nx       z\n');
  });

  it('prints only the header line when there are no rows', () => {
    const out = formatTable(['MESH', 'NAME'], []);
    expect(out).toBe('MESH   NAME\n');
    expectGolden('table-header-only.txt', out);
  });

  it('prints nothing without headers and rows', () => {
    expect(formatTable([], [])).toBe('');
  });

  it('never pads the last column, even when it is the widest', () => {
    expect(formatTable(['A', 'B'], [['1', 'a very long last cell']])).toBe('A   B\n1   a very long last cell\n');
  });

  it('a single column is never padded', () => {
    expect(formatTable(['NAME'], [['x'], ['longer']])).toBe('NAME\nx\nlonger\n');
  });

  it('counts code points, not bytes or UTF-16 units', () => {
    expect(cellWidth('zażółć')).toBe(6);
    expect(cellWidth('😀')).toBe(1);
    expect(formatTable(['NAME', 'AGE'], [['zażółć', '1s'], ['😀', '2s']])).toBe('NAME     AGE\nzażółć   1s\n😀        2s\n');
  });

  it('rows come out in the given order', () => {
    expect(formatTable(['N'], [['b'], ['a']])).toBe('N\nb\na\n');
  });

  it('pagination footer: empty line then the text', () => {
    expect(paginationFooter('')).toBe('');
    expect(paginationFooter('2')).toBe('\nRerun command with --offset=2 argument to retrieve more resources\n');
  });
});
