import axios, { AxiosError, InternalAxiosRequestConfig } from 'axios';
import { tokenStore } from './tokenStore';

export const api = axios.create({ baseURL: '/api', withCredentials: true });
let refreshPromise: Promise<string> | null = null;

api.interceptors.request.use((config) => {
  const token = tokenStore.get();
  if (token) config.headers.Authorization = `Bearer ${token}`;
  return config;
});

api.interceptors.response.use(
  (response) => response,
  async (error: AxiosError) => {
    const original = error.config as InternalAxiosRequestConfig & { _retry?: boolean };
    if (error.response?.status === 401 && !original._retry) {
      original._retry = true;
      refreshPromise ??= api.post('/auth/refresh').then((r) => r.data.accessToken).finally(() => { refreshPromise = null; });
      tokenStore.set(await refreshPromise);
      return api(original);
    }
    return Promise.reject(error);
  },
);
