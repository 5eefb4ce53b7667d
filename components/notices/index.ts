export { LinkNotice } from './LinkNotice';
