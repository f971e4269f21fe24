import React from 'react';
let current: string | null = null;
export const tokenStore = { get: () => current, set: (t: string) => { current = t; } };
export const Ctx = React.createContext(tokenStore);
