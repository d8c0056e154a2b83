import { clusterTeardown } from './clusterSetup';

export default clusterTeardown;
