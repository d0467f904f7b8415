import { buildApp } from './build-app.js';

buildApp();
