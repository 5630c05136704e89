import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ListEnvelope, PaginationQuery } from './pagination';
import { DateField } from './validation';
import { AUDIT_OUTCOMES, AuditMetadata, AuditOutcome } from './audit-entry';

export class ListAuditEventsQuery extends PaginationQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actor_id?: string;

  @ApiPropertyOptional({ example: 'api_key.create' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  target_id?: string;

  @ApiPropertyOptional({ description: 'Events at or after this time (ISO 8601)' })
  @IsOptional()
  @DateField()
  from?: Date;

  @ApiPropertyOptional({ description: 'Events before this time (ISO 8601)' })
  @IsOptional()
  @DateField()
  to?: Date;
}

export class AuditEventResponse {
  @ApiProperty({ example: 'aud_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty()
  occurred_at: Date;

  @ApiProperty({ example: 'user' })
  actor_type: string;

  @ApiProperty({ type: String, nullable: true })
  actor_id: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'api-key' })
  auth_method: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The API key or access key used' })
  credential_id: string | null;

  @ApiProperty({ example: 'api_key.revoke' })
  action: string;

  @ApiProperty({ type: String, nullable: true })
  target_type: string | null;

  @ApiProperty({ type: String, nullable: true })
  target_id: string | null;

  @ApiProperty({ type: String, nullable: true })
  organization_id: string | null;

  @ApiProperty({ type: String, nullable: true })
  ip: string | null;

  @ApiProperty({ type: String, nullable: true })
  user_agent: string | null;

  @ApiProperty({ enum: AUDIT_OUTCOMES })
  outcome: AuditOutcome;

  @ApiProperty({ type: 'object', additionalProperties: true })
  metadata: AuditMetadata;
}

export class AuditEventList extends ListEnvelope('audit_events', AuditEventResponse) {}
