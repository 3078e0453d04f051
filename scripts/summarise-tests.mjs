// Folds the check stages and vitest's JSON report into the one line CI reads: "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

const [checksPath, vitestPath] = process.argv.slice(2);
let passed = 0;
let failed = 0;

for (const line of readFileSync(checksPath, 'utf8').split('\n').filter(Boolean)) {
  const [, status] = line.split('\t');
  if (status === 'passed') passed += 1;
  else failed += 1;
}

if (existsSync(vitestPath)) {
  const report = JSON.parse(readFileSync(vitestPath, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A file that fails to load has no tests in it, so count it as a failure of its own.
  for (const file of report.testResults) {
    if (file.status === 'failed' && file.assertionResults.length === 0) failed += 1;
  }
  if (report.numTotalTests === 0) failed += 1;
} else {
  console.error('vitest wrote no report');
  failed += 1;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
