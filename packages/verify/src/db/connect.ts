export { openDatabase, redactUrl } from '@retable/db';
