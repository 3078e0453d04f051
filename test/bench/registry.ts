import { apiBench } from './api/api-bench';
import type { BenchModule } from './bench-module';
import { extensionBench } from './extension-bench';
import { rulesBench } from './rules/rules-bench';

/** Every bench module, in run order. Later issues add theirs here (api, extension). */
export const benchModules: BenchModule[] = [rulesBench, apiBench, extensionBench];
