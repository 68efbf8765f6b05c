<?php
$mail = new PHPMailer();
$mail->isSMTP();
$mail->Host = "smtp.office365.com;
$mail->Password = 'R365CANARY-phpmailer-cut