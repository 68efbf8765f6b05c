<?php
$wgSitename = "Intranet";
$wgEnableEmail = true;
$wgPasswordSender = "intranet@contoso.com";
# Mail goes through PHP mail() and the local Postfix.
$wgSMTP = false;
