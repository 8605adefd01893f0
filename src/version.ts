/** The engine's version, recorded in every run. Keep in step with package.json. */
export const version = '0.1.0';
