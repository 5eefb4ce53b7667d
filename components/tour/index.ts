export { TourCard } from './TourCard';
export type { TourCardProps } from './TourCard';
export { TourButton } from './TourButton';
export { TOUR_STEPS, TOUR_LENGTH, tourPatch } from './tour-steps';
export { tourKeyAction } from './tour-keys';
