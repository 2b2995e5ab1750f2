export * from './auth-error';
export * from './dev-keys';
export * from './policy';
export * from './principal';
export * from './roles';
export * from './sign-token';
export * from './verify-token';
