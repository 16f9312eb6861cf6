// The browser tests run under Mocha (@web/test-runner): its describe/it globals, for type checking only.
/// <reference types="mocha" />
