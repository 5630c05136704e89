import { createTransport } from 'nodemailer';
import { SmtpNotifier } from './smtp.notifier';

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
});
