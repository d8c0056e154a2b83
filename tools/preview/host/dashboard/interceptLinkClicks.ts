import { locationService } from '@grafana/runtime';

/**
 * In-page navigation for links, as Grafana's document click handler does
 * (public/app/core/navigation/patch/interceptLinkClicks.ts): a plain click on an `<a>` with an href
 * and no `target` goes through locationService.push; ctrl/meta clicks, links with a target (a data
 * link with "open in new tab" has `_blank`) and other sites' URLs are left to the browser.
 */
export function interceptLinkClicks(e: MouseEvent): void {
  if (e.ctrlKey || e.metaKey || e.defaultPrevented) {
    return;
  }
  const anchor = e.target instanceof Element ? e.target.closest('a') : null;
  const href = anchor?.getAttribute('href');
  if (!anchor || !href || anchor.getAttribute('target')) {
    return;
  }
  const url = new URL(href, window.location.href);
  if (url.origin !== window.location.origin) {
    return;
  }
  e.preventDefault();
  locationService.push(`${url.pathname}${url.search}${url.hash}`);
}
