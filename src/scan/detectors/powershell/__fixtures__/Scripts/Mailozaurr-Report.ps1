Import-Module Mailozaurr
Send-EmailMessage -Server 'smtp.office365.com' -Port 587 -From 'reports@contoso.com' -To 'boss@contoso.com' `
    -Username 'reports@contoso.com' -Password 'R365CANARY-ps-mailozaurr' -SecureSocketOptions StartTls -Subject 'Weekly'
# Already on Graph:
Send-EmailMessage -From 'reports@contoso.com' -To 'boss@contoso.com' -Credential $graphCred -Graph -Subject 'Weekly'
