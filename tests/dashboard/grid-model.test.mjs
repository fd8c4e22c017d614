// The files grid's arithmetic without a browser (www/src/grid-model.js):
// which rows are drawn for a scroll position, which row elements are kept,
// reused or filled, and where each key moves the one Tab stop.
//   node --test tests/dashboard/grid-model.test.mjs
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  COLUMN_COUNT,
  NAME_COLUMN,
  createGridModel,
  rowMarks,
  rowsPerPage,
  scrollToShow,
  selectAllState,
} from '../../www/src/grid-model.js';

const files = (n) => Array.from({ length: n }, (_, i) => ({ id: `f${i}` }));
// A page of 800 px, rows of 40 px under headers ending at 100 px; the rows start at `bodyTop`.
const at = (bodyTop) => ({ bodyTop, headBottom: 100, viewportHeight: 800, pitch: 40 });
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => `f${from + i}`);

describe('the rows drawn', () => {
  test('those on screen and a margin of a screen each side, no further than the ends', () => {
    const model = createGridModel();
    model.setRows(files(1000));
    // At the top: rows 0..18 are on screen (800 - 100 px from the top of the body at 100 px).
    assert.deepEqual(model.view(at(100)), { first: 0, last: 38, seenFirst: 0, seenLast: 18 });
    // Scrolled 400 rows down: the rows behind the headers are not on screen.
    const deep = model.view(at(100 - 400 * 40));
    assert.deepEqual(deep, { first: 380, last: 438, seenFirst: 400, seenLast: 418 });
    // At the end: the last row is drawn, nothing past it.
    const end = model.view(at(800 - 1000 * 40));
    assert.equal(end.last, 999);
    assert.equal(end.seenLast, 999);
  });

  test('the margin is renewed only when the view nears its edge, not every row scrolled', () => {
    const model = createGridModel();
    model.setRows(files(1000));
    const start = model.view(at(100 - 400 * 40));
    // Nine rows further (less than half the margin of 20): the same rows drawn.
    const near = model.view(at(100 - 409 * 40));
    assert.deepEqual([near.first, near.last], [start.first, start.last]);
    assert.equal(near.seenFirst, 409);
    // Eleven rows further: a new range around the view.
    const far = model.view(at(100 - 411 * 40));
    assert.deepEqual([far.first, far.last], [391, 449]);
  });

  test('new rows or a new pitch work the range out again; no rows, nothing drawn', () => {
    const model = createGridModel();
    model.setRows(files(1000));
    model.view(at(100 - 400 * 40));
    model.setRows(files(10));
    assert.deepEqual(model.view(at(100)), { first: 0, last: 9, seenFirst: 0, seenLast: 9 });
    model.setRows([]);
    assert.deepEqual(model.view(at(100)), { first: 0, last: -1, seenFirst: 0, seenLast: -1 });
    model.setRows(files(1000));
    model.view(at(100));
    model.remeasure();
    assert.deepEqual(model.view({ ...at(100), pitch: 80 }), { first: 0, last: 19, seenFirst: 0, seenLast: 9 });
  });
});

describe('the row elements, frame by frame', () => {
  test('the first frame draws the rows on screen at once and the margin three a frame, nearest first', () => {
    const model = createGridModel();
    model.setRows(files(1000));
    const plan = model.plan(at(100), [], 3);
    assert.deepEqual(plan.entering, [...range(0, 18), 'f19', 'f20', 'f21']);
    assert.deepEqual(plan.leaving, []);
    assert.equal(plan.more, true, 'more of the margin next frame');
    assert.equal(plan.wanted.size, 39);
    assert.equal(plan.wanted.get('f38'), 38);
    // The next frame: the next three of the margin.
    const next = model.plan(at(100), plan.entering, 3);
    assert.deepEqual(next.entering, ['f22', 'f23', 'f24']);
  });

  test('a scroll frees the rows that left the range for those that came into it; the active row stays', () => {
    const model = createGridModel();
    model.setRows(files(1000));
    model.setActive(2, NAME_COLUMN);
    const drawn = range(0, 38);
    const plan = model.plan(at(100 - 400 * 40), drawn, 3);
    assert.deepEqual(plan.leaving, drawn.filter((id) => id !== 'f2'), 'every row but the active one is free');
    assert.equal(plan.wanted.get('f2'), 2, 'the focused row is drawn wherever the page is');
    assert.deepEqual(plan.entering.slice(0, 19), range(400, 418), 'the rows on screen first');
    assert.equal(plan.entering.length, 19 + 3);
  });

  test('nothing to do when the rows drawn are the ones wanted', () => {
    const model = createGridModel();
    model.setRows(files(5));
    const plan = model.plan(at(100), range(0, 4), 3);
    assert.deepEqual([plan.leaving, plan.entering, plan.more], [[], [], false]);
  });
});

describe('the Tab stop and the keys', () => {
  const key = (name, mods = {}) => ({ key: name, ...mods });

  test('arrows, Home/End, Ctrl+Home/End and PageUp/PageDown; other keys are not the grid\'s', () => {
    const model = createGridModel();
    model.setRows(files(100));
    model.setActive(10, 3);
    assert.deepEqual(model.keyMove(key('ArrowDown'), 17), [11, 3]);
    assert.deepEqual(model.keyMove(key('ArrowUp'), 17), [9, 3]);
    assert.deepEqual(model.keyMove(key('ArrowRight'), 17), [10, 4]);
    assert.deepEqual(model.keyMove(key('ArrowLeft'), 17), [10, 2]);
    assert.deepEqual(model.keyMove(key('Home'), 17), [10, 0]);
    assert.deepEqual(model.keyMove(key('End'), 17), [10, COLUMN_COUNT - 1]);
    assert.deepEqual(model.keyMove(key('Home', { ctrlKey: true }), 17), [0, 3]);
    assert.deepEqual(model.keyMove(key('End', { ctrlKey: true }), 17), [99, 3]);
    assert.deepEqual(model.keyMove(key('PageDown'), 17), [27, 3]);
    assert.deepEqual(model.keyMove(key('PageUp'), 17), [0, 3], 'not above the first row');
    assert.equal(model.keyMove(key('ArrowDown', { ctrlKey: true }), 17), null);
    assert.equal(model.keyMove(key('ArrowDown', { altKey: true }), 17), null);
    assert.equal(model.keyMove(key('Enter'), 17), null);
    assert.equal(model.keyMove(key('constructor'), 17), null);
  });

  test('a move stays in the grid: the header row above the first, the last row and column at most', () => {
    const model = createGridModel();
    model.setRows(files(3));
    assert.deepEqual(model.clamp(-5, -1), { row: -1, col: 0 });
    assert.deepEqual(model.clamp(7, 20), { row: 2, col: COLUMN_COUNT - 1 });
  });

  test('the active cell follows its file when the order changes, else keeps its place', () => {
    const model = createGridModel();
    model.setRows(files(5));
    model.setActive(3, 2);
    assert.equal(model.active.id, 'f3');
    model.setRows([...files(5)].reverse());
    assert.deepEqual(model.active, { row: 1, col: 2, id: 'f3' });
    // Its file is gone: the same place, or the last row.
    model.setRows(files(2), (id) => id !== 'f3');
    assert.deepEqual(model.active, { row: 1, col: 2, id: 'f1' });
    // No rows: it stays where it was; the header row stays the header row.
    model.setRows([]);
    assert.equal(model.active.row, 1);
    model.setActive(-1, 4);
    model.setRows(files(5));
    assert.deepEqual(model.active, { row: -1, col: 4, id: null });
    assert.equal(model.indexOf('f4'), 4);
    assert.equal(model.indexOf('gone'), -1);
  });
});

describe('measures', () => {
  test('a page is the rows under the headers, less one; never less than one', () => {
    assert.equal(rowsPerPage(at(0)), 16);
    assert.equal(rowsPerPage({ headBottom: 780, viewportHeight: 800, pitch: 40 }), 1);
  });

  test('scrolling a row into view: up under the headers, down to the bottom, or not at all', () => {
    assert.equal(scrollToShow(0, at(100)), 0);
    assert.equal(scrollToShow(0, at(60)), -40, 'behind the headers: scroll up');
    assert.equal(scrollToShow(20, at(100)), 140, 'below the screen: scroll until its bottom is the screen\'s');
  });

  test('select all: checked when all are, mixed when some are, off with no rows', () => {
    assert.deepEqual(selectAllState(3, 3), { checked: true, indeterminate: false, disabled: false });
    assert.deepEqual(selectAllState(3, 1), { checked: false, indeterminate: true, disabled: false });
    assert.deepEqual(selectAllState(0, 0), { checked: false, indeterminate: false, disabled: true });
  });

  test('a row\'s marks change when it is busy, selected or new, and only then', () => {
    const state = { busy: new Set(['a']), selected: new Set(['a', 'b']), fresh: new Set(['c']) };
    assert.equal(rowMarks(state, 'a'), 'bs');
    assert.equal(rowMarks(state, 'b'), 's');
    assert.equal(rowMarks(state, 'c'), 'f');
    assert.equal(rowMarks(state, 'd'), '');
  });
});
