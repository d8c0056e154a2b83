/** Real-looking errors from several languages, with what grouping must make of them. */
export interface FingerprintCase {
  name: string;
  level: string | number;
  message: string;
  type?: string;
  stack?: string;
  groupMessage: string;
  frame: string;
}

export const FINGERPRINT_CASES: FingerprintCase[] = [
  {
    // openreplay/openreplay backend/pkg/logger: `fmt.Sprintf("%s openReplaySession.id=%s", msg, sID)`.
    name: 'OpenReplay’s Go logger: the tag bare at the end',
    level: 'ERROR',
    message: 'failed to save session openReplaySession.id=7212345678901234567',
    groupMessage: 'failed to save session',
    frame: '',
  },
  {
    // grafana/alloy faro receiver (payload.go): Exception.KeyVal, then Meta.KeyVal with `session_id`.
    name: 'Faro logfmt: session_id among the other keys',
    level: 'error',
    message:
      'kind=exception type=TypeError value="Cannot read properties of undefined" app_name=shop session_id=k3Jh7mNp2Q page_url=https://shop.test/cart',
    groupMessage: 'kind=exception type=TypeError value=<str> app_name=shop page_url=https://shop.test/cart',
    frame: '',
  },
  {
    name: 'names that only end like a tag stay',
    level: 'error',
    message: 'previous_session_id=Kx1 x.session_id=Kx2 refused',
    groupMessage: 'previous_session_id=Kx1 x.session_id=Kx2 refused',
    frame: '',
  },
  {
    name: 'prefixed ids (Stripe-like), found at 10M lines by the scale bench',
    level: 'WARN',
    message:
      '[asayer_session_id=4124175654922272071] Retrying charge ch_41bb3a0ea76c (attempt 2 of 3) for cus_9s6XKzkNRiz8i3',
    groupMessage: 'Retrying charge <id> (attempt <n> of <n>) for <id>',
    frame: '',
  },
  {
    name: 'snake_case words stay',
    level: 'error',
    message: 'retry_policy exhausted for payment_intent',
    groupMessage: 'retry_policy exhausted for payment_intent',
    frame: '',
  },
  {
    name: 'Python traceback',
    level: 'ERROR',
    message: "[asayer_session_id=7301928374659648775] KeyError: 'variant_id' for product 8081723",
    type: 'KeyError',
    stack:
      'Traceback (most recent call last):\n  File "/app/shop/views.py", line 42, in product_page\n    price = variants[key]\n  File "/usr/lib/python3.11/site-packages/django/core/handlers/base.py", line 197, in _get_response\nKeyError: \'variant_id\'',
    groupMessage: 'KeyError: <str> for product <n>',
    frame: 'product_page',
  },
  {
    name: 'Java exception',
    level: 'error',
    message:
      '[openReplaySession.id=7301928374659648775] Payment 9f1c2e3d4a5b6c7d declined for customer jane.doe@example.com (amount 129.90 EUR)',
    type: 'com.acme.payments.PaymentDeclinedException',
    stack:
      'com.acme.payments.PaymentDeclinedException: declined\n\tat com.acme.payments.PaymentService.charge(PaymentService.java:88)\n\tat java.base/java.lang.Thread.run(Thread.java:833)',
    groupMessage: 'Payment <hex> declined for customer <email> (amount <n> EUR)',
    frame: 'com.acme.payments.PaymentService.charge',
  },
  {
    name: 'Node error',
    level: 50,
    message:
      'TypeError: Cannot read properties of undefined (reading "shippingAddress") in order 3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    type: 'TypeError',
    stack:
      "TypeError: Cannot read properties of undefined (reading 'shippingAddress')\n    at node:internal/process/task_queues:95:5\n    at checkout (/app/src/checkout.js:41:17)\n    at Layer.handle (/app/node_modules/express/lib/router/layer.js:95:5)",
    groupMessage: 'TypeError: Cannot read properties of undefined (reading <str>) in order <uuid>',
    frame: 'checkout',
  },
  {
    name: 'Go panic',
    level: 'fatal',
    message: 'panic: runtime error: index out of range [5] with length 3 (request id 0x7ffd4a2b)',
    stack:
      'goroutine 1 [running]:\nmain.applyCoupon(0xc000010000, 0x5)\n\t/app/coupons.go:27 +0x1d\nmain.main()\n\t/app/main.go:12 +0x25',
    groupMessage: 'panic: runtime error: index out of range [<n>] with length <n> (request id <hex>)',
    frame: 'main.applyCoupon',
  },
  {
    name: 'durations and sizes',
    level: 'warning',
    message: 'Timeout after 3s (limit 2500ms) writing 1.5GB to disk on python3 worker v2',
    groupMessage: 'Timeout after <n>s (limit <n>ms) writing <n>GB to disk on python3 worker v2',
    frame: '',
  },
  {
    name: 'a token-like id and a warning',
    level: 'WARN',
    message: 'Retrying upstream call for token dGhpc2lzYXRva2VuMTIzNDU2 after   3 attempts',
    groupMessage: 'Retrying upstream call for token <id> after <n> attempts',
    frame: '',
  },
];
