import { teardown } from './test-database';

export default teardown;
