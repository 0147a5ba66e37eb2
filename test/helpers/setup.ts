import 'reflect-metadata';
import { afterAll } from 'vitest';
import { runFileCleanups } from './cleanup.js';

afterAll(runFileCleanups);
