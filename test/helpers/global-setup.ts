import { setup } from './test-database';

export default setup;
