// Packages Grafana shares with plugins that ship no type declarations; loadPlugin.ts only hands
// their module objects on, so no types are needed.
declare module 'd3';
declare module 'prismjs';
declare module 'slate';
declare module 'slate-react';
declare module 'slate-plain-serializer';
declare module 'react-router-dom';
