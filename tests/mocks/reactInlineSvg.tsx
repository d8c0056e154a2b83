import React from 'react';

/**
 * @grafana/ui's Icon draws through react-inlinesvg, which fetches the SVG and updates its state after
 * the test has moved on (an act() warning in every editor test). As create-plugin's jest config
 * does, tests get an <svg> at once, carrying the props a test may look for.
 */
export default function ReactInlineSVG({
  src,
  innerRef,
  cacheRequests: _cacheRequests,
  preProcessor: _preProcessor,
  ...rest
}: {
  src: string;
  innerRef?: React.Ref<SVGSVGElement>;
  cacheRequests?: boolean;
  preProcessor?: unknown;
} & React.SVGProps<SVGSVGElement>) {
  return <svg ref={innerRef} data-src={src} {...rest} />;
}
