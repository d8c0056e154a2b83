import { filterSearchWords } from './filterSearchWords';

describe('filterSearchWords', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['timeout', ['timeout']],
    ['timeout AND refused', ['timeout', 'refused']],
    ['"card expired" OR declined', ['card expired', 'declined']],
    ['timeout AND NOT retry', ['timeout']],
    ['timeout -retry !again', ['timeout']],
    ['service.name:checkout AND timeout', ['timeout']],
    ['service.name:"check out" AND "Payment failed"', ['Payment failed']],
    ['(timeout OR refused) AND level:ERROR', ['timeout', 'refused']],
    ['time* AND ref?sed', ['time', 'refsed']],
    ['/tim.out/ AND [a TO b]', []],
    ['"say \\"hi\\""', ['say "hi"']],
    ['timeout timeout', ['timeout']],
  ])('%p -> %p', (filter, words) => {
    expect(filterSearchWords(filter)).toEqual(words);
  });
});
