import { loadGatewayEnvironment } from './environment';
import { startGateway } from './gateway-server';

const env = loadGatewayEnvironment();
startGateway(env)
  .then((gateway) => {
    // The first signal stops the gateway; a second (Ctrl-C, then npm start's SIGTERM) waits for it.
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= gateway.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  })
  .catch((error: unknown) => {
    process.stderr.write(`gateway: не удалось запустить: ${(error as Error).message}\n`);
    process.exit(1);
  });
