<?php
/* Legacy order mailer (PHPMailer 5.2), kept for the old shop until the move.
   $mail->Password = "R365CANARY-phpmailer-old";   (previous account) */
require_once 'class.phpmailer.php';
define('MAIL_FROM', 'contoso.shop@hotmail.com');
$relay = "ssl://smtp.live.com:465;smtp-mail.outlook.com:587";

$mail = new PHPMailer;
$mail->IsSMTP();
$mail->Host = $relay;
$mail->SMTPAuth = true;
$mail->Username = MAIL_FROM;
$mail->Password = "R365CANARY-phpmailer-live";
$mail->SetFrom(MAIL_FROM, 'Contoso Shop');
$mail->AddAddress($order['email']);
$mail->Subject = "Your order #" . $order['id'];
if (!$mail->Send()) {
    echo "Mailer Error: " . $mail->ErrorInfo;
}
