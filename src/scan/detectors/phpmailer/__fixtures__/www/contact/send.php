<?php
// Contact form handler for www.contoso.com (see ticket WEB-212)
use PHPMailer\PHPMailer\PHPMailer;
use PHPMailer\PHPMailer\Exception;

require __DIR__ . '/../vendor/autoload.php';

if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
    http_response_code(405);
    exit;
}

$mail = new PHPMailer(true);
try {
    //Server settings
    $mail->isSMTP();
    //$mail->Host = 'mail.contoso.local';   // old Exchange 2010, decommissioned
    $mail->Host       = 'smtp.office365.com';
    $mail->SMTPAuth   = true;
    $mail->Username   = 'webforms@contoso.com';
    $mail->Password   = 'R365CANARY-phpmailer-1';
    $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
    $mail->Port       = 587;

    //Recipients
    $mail->setFrom('webforms@contoso.com', 'Contoso Website');
    $mail->addAddress('sales@contoso.com');
    $mail->addReplyTo($_POST['email'] ?? '', $_POST['name'] ?? '');

    $mail->isHTML(false);
    $mail->Subject = 'Website enquiry';
    $mail->Body    = $_POST['message'] ?? '';
    $mail->send();
    echo 'Message has been sent';
} catch (Exception $e) {
    error_log("Message could not be sent. Mailer Error: {$mail->ErrorInfo}");
}
