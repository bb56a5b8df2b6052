/** Time is passed in so schedules, windows and limits can be tested; production uses Date.now. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
