import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const airflow: Detector = {
  id: 'airflow',
  system: 'Apache Airflow',
  // $AIRFLOW_HOME/airflow.cfg; the package's own default_airflow.cfg is never matched (library defaults).
  files: ['airflow.cfg'],
  hint: /\[smtp\]/i,
  extract,
};
