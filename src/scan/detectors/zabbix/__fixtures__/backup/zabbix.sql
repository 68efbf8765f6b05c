-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: localhost    Database: zabbix
-- ------------------------------------------------------
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;

--
-- Table structure for table `media_type`
--

DROP TABLE IF EXISTS `media_type`;
CREATE TABLE `media_type` (
  `mediatypeid` bigint unsigned NOT NULL,
  `type` int NOT NULL DEFAULT '0',
  `name` varchar(100) NOT NULL DEFAULT '',
  `smtp_server` varchar(255) NOT NULL DEFAULT '',
  PRIMARY KEY (`mediatypeid`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

--
-- Dumping data for table `media_type`
--

LOCK TABLES `media_type` WRITE;
INSERT INTO `media_type` VALUES (1,0,'Email','smtp.office365.com','contoso.com','zabbix@contoso.com','','','zabbix@contoso.com','R365CANARY-zabbix-sql',0,587,1,0,0,1,'',1,3,'10s',1,'','30s',0,0,'','',''),(3,2,'SMS','','','','','/dev/ttyS0','','',0,25,0,0,0,0,'',1,3,'10s',1,'','30s',0,0,'','',''),(4,0,'Email (it\'s old)','mail.contoso.local','contoso.local','zabbix@contoso.local','','','','',1,25,0,0,0,0,'',1,3,'10s',1,'','30s',0,0,'','','');
UNLOCK TABLES;
