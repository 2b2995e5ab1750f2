import { loadGatewayEnvironment } from './environment';
import { startGateway } from './gateway-server';

const env = loadGatewayEnvironment();
startGateway(env)
  .then((gateway) => {
    const stop = () =>
      void gateway.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })
  .catch((error: unknown) => {
    process.stderr.write(`gateway: не удалось запустить: ${(error as Error).message}\n`);
    process.exit(1);
  });
