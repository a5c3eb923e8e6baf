import { expect, test, vi } from 'vitest';
import { settledChanges } from '../../src/lib/settled-changes.ts';

test('a burst of changes is handled once, after it goes quiet, with each file once', async () => {
  vi.useFakeTimers();
  try {
    const batches: string[][] = [];
    const changed = settledChanges((files) => void batches.push(files), () => {}, 40);
    changed('a.txt');
    await vi.advanceTimersByTimeAsync(30);
    changed('b.txt');
    changed('a.txt');
    await vi.advanceTimersByTimeAsync(30);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    expect(batches).toEqual([['a.txt', 'b.txt']]);
    changed('c.txt');
    await vi.advanceTimersByTimeAsync(40);
    expect(batches).toEqual([['a.txt', 'b.txt'], ['c.txt']]);
  } finally {
    vi.useRealTimers();
  }
});

test('a slow handler is never run twice at once, and a failure does not stop the next burst', async () => {
  vi.useFakeTimers();
  try {
    const events: string[] = [];
    const errors: unknown[] = [];
    const changed = settledChanges(
      async ([file]) => {
        events.push(`start ${file}`);
        await new Promise((r) => setTimeout(r, 100));
        events.push(`end ${file}`);
        if (file === 'a.txt') throw new Error('unreadable');
      },
      (error) => errors.push(error),
      10,
    );
    changed('a.txt');
    await vi.advanceTimersByTimeAsync(20);
    changed('b.txt');
    await vi.advanceTimersByTimeAsync(300);
    expect(events).toEqual(['start a.txt', 'end a.txt', 'start b.txt', 'end b.txt']);
    expect(errors).toEqual([new Error('unreadable')]);
  } finally {
    vi.useRealTimers();
  }
});
