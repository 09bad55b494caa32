import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // emulators with seed data take a moment to build; sockets in a few suites
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
