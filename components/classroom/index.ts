export { ClassroomNotice } from './ClassroomNotice';
export { ClassroomPicker } from './ClassroomPicker';
export type { ControlGroup } from './control-groups';
export { CONTROL_GROUP_LABELS, classroomLink, isHidden, isLocked } from './control-groups';
