// Webpack loader for the stylesheets @grafana/ui imports for their side effect (uPlot's, the
// react-data-grid of TableNG, rc-slider): the CSS goes into a <style> tag when the module loads,
// as Grafana's own build (style-loader / extracted CSS) applies it. Their CSS refers to no files.
module.exports = function styleTagLoader(source) {
  return `const style = document.createElement('style');
style.textContent = ${JSON.stringify(source)};
document.head.appendChild(style);`;
};
