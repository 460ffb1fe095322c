// Prints a plain "N passed, N failed" line as the very last output (CI's counter reads it; vitest's
// own summary is not recognised).
import { writeSync } from 'node:fs'

export default class PlainReporter {
  onTestRunEnd(testModules, unhandledErrors) {
    let passed = 0
    let failed = (unhandledErrors || []).length
    for (const mod of testModules) {
      if (mod.state() === 'failed' && !mod.children.size) failed++
      for (const test of mod.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
      }
    }
    process.once('exit', () => writeSync(1, `${passed} passed, ${failed} failed\n`))
  }
}
