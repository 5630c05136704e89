import { createServer, type Server, type Socket } from 'node:net';
import { createTransport } from 'nodemailer';
import { SMTP_TIMEOUTS, SmtpNotifier, smtpTransport } from './smtp.notifier';

describe('SmtpNotifier', () => {
  it('hands the message to the nodemailer transport with the configured sender', async () => {
    const transport = createTransport({ jsonTransport: true });
    const sendMail = jest.spyOn(transport, 'sendMail');
    await new SmtpNotifier(transport, 'Gatehouse <no-reply@example.com>').send({
      to: 'ada@example.com',
      template: 'user-password-reset',
      subject: 'Reset your password',
      text: 'Use this link: https://example.com/reset?token=prt_x',
    });
    expect(sendMail).toHaveBeenCalledWith({
      from: 'Gatehouse <no-reply@example.com>',
      to: 'ada@example.com',
      subject: 'Reset your password',
      text: 'Use this link: https://example.com/reset?token=prt_x',
    });
    const info = (await sendMail.mock.results[0]?.value) as { message: string };
    expect(JSON.parse(info.message)).toMatchObject({
      to: [{ address: 'ada@example.com' }],
      subject: 'Reset your password',
    });
  });

  it('gives up on a mail server that never answers, after its timeouts rather than minutes', async () => {
    // Accepts the connection and says nothing: no SMTP greeting ever comes.
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const transport = smtpTransport(`smtp://127.0.0.1:${port}`, {
        ...SMTP_TIMEOUTS,
        greetingTimeout: 200,
      });
      const started = Date.now();
      await expect(
        new SmtpNotifier(transport, 'Gatehouse <no-reply@example.com>').send({
          to: 'ada@example.com',
          template: 'invite',
          subject: 'You are invited',
          text: 'Accept: https://example.com/console/invite#token=inv_x',
        }),
      ).rejects.toThrow(/greeting/i);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('waits seconds, not minutes, unless SMTP_URL says otherwise', () => {
    const options = (transport: ReturnType<typeof smtpTransport>) =>
      (transport as unknown as { transporter: { options: Record<string, unknown> } }).transporter
        .options;
    expect(options(smtpTransport('smtp://mail.example.com:587'))).toMatchObject(SMTP_TIMEOUTS);
    expect(
      options(smtpTransport('smtp://mail.example.com:587?connectionTimeout=60000')),
    ).toMatchObject({ connectionTimeout: 60_000, greetingTimeout: 10_000 });
  });
});
