// Small parsers shared by detectors, one module per kind of input (values/): detectors import them from here.
export * from './values/text.js';
export * from './values/yaml.js';
export * from './values/xml.js';
export * from './values/code.js';
export * from './values/ini.js';
