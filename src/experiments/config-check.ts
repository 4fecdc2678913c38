// The config checkers (ConfigError, describe, fail, object, number, …) live in the data
// layer, the lowest that validates, so that every config and input reports errors the same
// way; this module re-exports them for the experiments layer.
export {
  bool, ConfigError, describe, fail, intList, list, nameList, nullableNumber, number, object, oneOf, required, section, text,
  type NumberRule,
} from '../data/check.js';
