import { Controller, Get, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/decorators';
import { CounterStore } from '../../common/rate-limit/counter-store';
import { HealthService } from './health.service';

export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'unavailable'] })
  status: 'ok' | 'unavailable';

  @ApiProperty({ enum: ['up', 'down'] })
  database: 'up' | 'down';
}

export class LiveResponse {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}

export class ReadyResponse extends HealthResponse {
  @ApiProperty({
    enum: ['up', 'down', 'not_configured'],
    description:
      'Reported only: without Redis each instance counts rate limits and lockouts itself, so it stays ready',
  })
  redis: 'up' | 'down' | 'not_configured';
}

@ApiTags('Health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly counters: CounterStore,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and database reachability (checked at most once a second)' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: HealthResponse })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    const up = await this.health.databaseUp();
    if (!up) void reply.status(503);
    return { status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down' };
  }

  @Get('live')
  @ApiOperation({
    summary:
      'Liveness probe: the process answers (nothing else is checked, so a restart cannot help)',
  })
  @ApiOkResponse({ type: LiveResponse })
  live(): LiveResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary:
      'Readiness probe: 503 while the database does not answer; Redis is reported, never decisive',
  })
  @ApiOkResponse({ type: ReadyResponse })
  @ApiServiceUnavailableResponse({ type: ReadyResponse })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadyResponse> {
    const health = await this.check(reply);
    return { ...health, redis: this.counters.redisState() };
  }
}
