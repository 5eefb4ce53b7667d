export { ClassroomNotice } from './ClassroomNotice';
export { ClassroomPicker } from './ClassroomPicker';
export type { ControlGroup } from './control-groups';
export { classroomLink, isHidden, isLocked } from './control-groups';
