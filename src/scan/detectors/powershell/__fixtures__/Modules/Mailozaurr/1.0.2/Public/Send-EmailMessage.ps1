function Send-EmailMessage {
    [cmdletBinding(DefaultParameterSetName = 'Compatibility', SupportsShouldProcess)]
    param(
        [Parameter(ParameterSetName = 'SecureString')]
        [Parameter(ParameterSetName = 'oAuth')]
        [Parameter(ParameterSetName = 'Compatibility')]
        [alias('SmtpServer')][string] $Server,
        [int] $Port = 587,
        [object] $From,
        [pscredential] $Credential,
        [MailKit.Security.SecureSocketOptions] $SecureSocketOptions = [MailKit.Security.SecureSocketOptions]::Auto
    )
    $SmtpClient = [MySmtpClient]::new()
    $SmtpClient.Connect($Server, $Port, $SecureSocketOptions)
}
