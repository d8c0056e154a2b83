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
    [
      'timeout~2 AND refused^3 AND "card expired"~1 OR "declined"^2',
      ['timeout', 'refused', 'card expired', 'declined'],
    ],
    ['status:[500 TO 599]^2 timeout', ['timeout']],
    ['refused^10 OR timeout^1.5', ['refused', 'timeout']],
    ['a\\(b\\)c', ['a(b)c']],
    ['status:{500 TO 599} OR timeout', ['timeout']],
    ['"array[0] is null"', ['array[0] is null']],
    ['"error: timeout"', ['error: timeout']],
    ['((timeout OR refused))', ['timeout', 'refused']],
    ['+timeout c++', ['timeout', 'c++']],
    ['ERROR ANDROID', ['ERROR', 'ANDROID']],
    ['timeout ! retry', ['timeout']],
    ['web-1 host\\:name', ['web-1', 'host:name']],
    ['api\\/v1', ['api/v1']],
    ['"card expired', ['card', 'expired']],
    ['card expired"', ['card', 'expired']],
    ['" " * timeout', ['timeout']],
  ])('%p -> %p', (filter, words) => {
    expect(filterSearchWords(filter)).toEqual(words);
  });
});
