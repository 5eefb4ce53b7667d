export { BackendBadge } from './BackendBadge';
export type { BackendBadgeProps } from './BackendBadge';
