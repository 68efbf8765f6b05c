// Every detector, one line each. A test fails when a folder under detectors/ is missing here.
import type { Detector } from './detector.js';
import { msmtp } from './detectors/msmtp/index.js';
import { postfix } from './detectors/postfix/index.js';
import { dotenv } from './detectors/dotenv/index.js';
import { symfony } from './detectors/symfony/index.js';
import { django } from './detectors/django/index.js';
import { pythonSmtplib } from './detectors/python-smtplib/index.js';
import { spring } from './detectors/spring/index.js';
import { nodemailer } from './detectors/nodemailer/index.js';
import { dotnetConfig } from './detectors/dotnet-config/index.js';
import { dotnetAppsettings } from './detectors/dotnet-appsettings/index.js';
import { powershell } from './detectors/powershell/index.js';
import { windowsLiveMail } from './detectors/windows-live-mail/index.js';
import { grafana } from './detectors/grafana/index.js';
import { gitlab } from './detectors/gitlab/index.js';
import { sendmail } from './detectors/sendmail/index.js';
import { exim4 } from './detectors/exim4/index.js';
import { ssmtp } from './detectors/ssmtp/index.js';
import { iisMetabase } from './detectors/iis-metabase/index.js';
import { phpIni } from './detectors/php-ini/index.js';
import { phpmailer } from './detectors/phpmailer/index.js';
import { wordpress } from './detectors/wordpress/index.js';
import { nullmailer } from './detectors/nullmailer/index.js';
import { dma } from './detectors/dma/index.js';
import { opensmtpd } from './detectors/opensmtpd/index.js';
import { courier } from './detectors/courier/index.js';
import { monit } from './detectors/monit/index.js';
import { fail2ban } from './detectors/fail2ban/index.js';
import { rsyslog } from './detectors/rsyslog/index.js';
import { gitSendemail } from './detectors/git-sendemail/index.js';
import { mercurial } from './detectors/mercurial/index.js';
import { mutt } from './detectors/mutt/index.js';
import { sNail } from './detectors/s-nail/index.js';
import { thunderbird } from './detectors/thunderbird/index.js';
import { dockerCompose } from './detectors/docker-compose/index.js';
import { kubernetes } from './detectors/kubernetes/index.js';
import { helm } from './detectors/helm/index.js';
import { ansible } from './detectors/ansible/index.js';
import { homeAssistant } from './detectors/home-assistant/index.js';
import { windowsRegistry } from './detectors/windows-registry/index.js';
import { taskScheduler } from './detectors/task-scheduler/index.js';
import { cdo } from './detectors/cdo/index.js';
import { sqlDbmail } from './detectors/sql-dbmail/index.js';
import { ssrs } from './detectors/ssrs/index.js';
import { javaJndi } from './detectors/java-jndi/index.js';
import { applianceExports } from './detectors/appliance-exports/index.js';
import { rails } from './detectors/rails/index.js';
import { jenkins } from './detectors/jenkins/index.js';
import { nextcloud } from './detectors/nextcloud/index.js';
import { mattermost } from './detectors/mattermost/index.js';
import { gitea } from './detectors/gitea/index.js';
import { keycloak } from './detectors/keycloak/index.js';
import { alertmanager } from './detectors/alertmanager/index.js';
import { zabbix } from './detectors/zabbix/index.js';
import { nagios } from './detectors/nagios/index.js';
import { esmtp } from './detectors/esmtp/index.js';
import { smokeping } from './detectors/smokeping/index.js';
import { postfixadmin } from './detectors/postfixadmin/index.js';
import { sogo } from './detectors/sogo/index.js';
import { mailman3 } from './detectors/mailman3/index.js';
import { tryton } from './detectors/tryton/index.js';
import { airflow } from './detectors/airflow/index.js';
import { superset } from './detectors/superset/index.js';
import { joomla } from './detectors/joomla/index.js';
import { drupal } from './detectors/drupal/index.js';
import { sentry } from './detectors/sentry/index.js';
import { aerc } from './detectors/aerc/index.js';
import { bacula } from './detectors/bacula/index.js';
import { dovecot } from './detectors/dovecot/index.js';
import { reportbug } from './detectors/reportbug/index.js';
import { alpine } from './detectors/alpine/index.js';
import { fetchmail } from './detectors/fetchmail/index.js';
import { roundcube } from './detectors/roundcube/index.js';
import { horde } from './detectors/horde/index.js';
import { mediawiki } from './detectors/mediawiki/index.js';
import { tripwire } from './detectors/tripwire/index.js';
import { samhain } from './detectors/samhain/index.js';
import { davmail } from './detectors/davmail/index.js';
import { monitorix } from './detectors/monitorix/index.js';
import { lemonldapNg } from './detectors/lemonldap-ng/index.js';
import { ledgersmb } from './detectors/ledgersmb/index.js';

export const DETECTORS: Detector[] = [
  postfix,
  msmtp,
  dotenv,
  symfony,
  django,
  pythonSmtplib,
  spring,
  nodemailer,
  dotnetConfig,
  dotnetAppsettings,
  powershell,
  windowsLiveMail,
  grafana,
  gitlab,
  sendmail,
  exim4,
  ssmtp,
  iisMetabase,
  phpIni,
  phpmailer,
  wordpress,
  nullmailer,
  dma,
  opensmtpd,
  courier,
  monit,
  fail2ban,
  rsyslog,
  gitSendemail,
  mercurial,
  mutt,
  sNail,
  thunderbird,
  dockerCompose,
  kubernetes,
  helm,
  ansible,
  homeAssistant,
  windowsRegistry,
  taskScheduler,
  cdo,
  sqlDbmail,
  ssrs,
  javaJndi,
  applianceExports,
  rails,
  jenkins,
  nextcloud,
  mattermost,
  gitea,
  keycloak,
  alertmanager,
  zabbix,
  nagios,
  esmtp,
  smokeping,
  postfixadmin,
  sogo,
  mailman3,
  tryton,
  airflow,
  superset,
  joomla,
  drupal,
  sentry,
  aerc,
  bacula,
  dovecot,
  reportbug,
  alpine,
  fetchmail,
  roundcube,
  horde,
  mediawiki,
  tripwire,
  samhain,
  davmail,
  monitorix,
  lemonldapNg,
  ledgersmb,
];
