import type { Command } from 'commander';
import { collect } from './options.js';

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('find every place where software is configured to send mail over SMTP; write inventory.json')
    .argument('[paths...]', 'files or directories to scan (default: the usual config locations of this OS)')
    .option('--out <file>', 'where to write the inventory', 'inventory.json')
    .option('--json', 'print the inventory as JSON on stdout (human text goes to stderr)')
    .option('--exclude <glob>', 'skip paths matching this glob (repeatable)', collect, [])
    .option('--include-vendored', 'also walk .git, node_modules, vendor, site-packages and documentation trees')
    .option('--max-file-bytes <n>', 'read at most this many bytes of a file', (v) => Number.parseInt(v, 10), 2 * 1024 * 1024)
    .option('--all', 'show inactive (commented, example, placeholder) findings in the table too')
    .option('--probe <host>', 'also probe this live relay, HOST[:PORT] (repeatable; MAIL/RCPT then RSET, never DATA)', collect, [])
    .option('--logs <files...>', 'also read these relay logs (plain or .gz) and add who sends through them, as `relay365 logs` does')
    .option('--internal-domain <domain>', 'with --logs: a recipient domain that counts as internal (repeatable)', collect, [])
    .option('--devices <file>', 'also add the devices entered by hand in this devices.yaml (printers, UPS cards, BMCs with only a web UI)')
    .action(async (paths: string[], options) => {
      const { scanCommand } = await import('../commands/scan.js');
      process.exitCode = await scanCommand({ paths, ...options });
    });
}
