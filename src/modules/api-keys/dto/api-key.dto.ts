import { DateField, Trim } from '../../../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ListEnvelope, PaginationQuery } from '../../../common/pagination';
import { PERMISSIONS } from '../../../common/auth/permissions';
import { API_KEY_TYPES, ApiKeyType } from '../api-key.entity';
import { SalesChannelRef } from '../../../common/dto';

const YEAR_SECONDS = 366 * 24 * 3600;

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Integration API Key', minLength: 1, maxLength: 255 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  title: string;

  @ApiProperty({
    enum: API_KEY_TYPES,
    description: '`secret` for server-to-server calls, `publishable` for storefronts',
  })
  @IsIn(API_KEY_TYPES)
  type: ApiKeyType;

  @ApiPropertyOptional({ description: 'When the key stops working (ISO 8601, in the future)' })
  @IsOptional()
  @DateField()
  expires_at?: Date;

  @ApiPropertyOptional({
    type: [String],
    enum: PERMISSIONS,
    description:
      'Permissions to narrow the key to (each must be one you hold). A key made by a scoped key inherits its scopes.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  scopes?: string[];
}

export class UpdateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 255 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  title: string;
}

export class RevokeApiKeyDto {
  @ApiPropertyOptional({
    description: 'Seconds until the key stops working (default: now)',
    minimum: 0,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(YEAR_SECONDS)
  revoke_in?: number;
}

export class RollApiKeyDto {
  @ApiPropertyOptional({
    description: 'Seconds the old token keeps working (default 0: refused at once)',
    minimum: 0,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30 * 24 * 3600)
  expires_in?: number;
}

export class ManageSalesChannelsDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  add?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  remove?: string[];
}

export class ListApiKeysQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: API_KEY_TYPES })
  @IsOptional()
  @IsIn(API_KEY_TYPES)
  type?: ApiKeyType;

  @ApiPropertyOptional({ description: 'Matches the title or the redacted preview' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  q?: string;

  @ApiPropertyOptional({ description: 'true: only revoked keys; false: only keys still working' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  revoked?: boolean;
}

export class ApiKeyResponse {
  @ApiProperty({ example: 'apk_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty({
    example: 'sk_AbCd…wXyZ',
    description: 'Prefix, first 4 and last 4 characters of the token',
  })
  redacted: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ enum: API_KEY_TYPES })
  type: ApiKeyType;

  @ApiProperty({ type: [String], nullable: true })
  scopes: string[] | null;

  @ApiProperty({ description: 'The user the key acts as' })
  created_by: string;

  @ApiProperty()
  created_at: Date;

  @ApiProperty()
  updated_at: Date;

  @ApiProperty({ type: Date, nullable: true })
  expires_at: Date | null;

  @ApiProperty({ type: Date, nullable: true, description: 'Updated at most once a minute' })
  last_used_at: Date | null;

  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'In the future: scheduled, the key still works',
  })
  revoked_at: Date | null;

  @ApiProperty({ type: String, nullable: true })
  revoked_by: string | null;

  @ApiPropertyOptional({ type: [SalesChannelRef], description: 'Publishable keys only' })
  sales_channels?: SalesChannelRef[];
}

/** The only shape that carries the token: create and roll. */
export class ApiKeyWithTokenResponse extends ApiKeyResponse {
  @ApiProperty({
    example: 'sk_…',
    description: 'Shown once: store it now, it cannot be read again',
  })
  token: string;
}

export class ApiKeyEnvelope {
  @ApiProperty({ type: ApiKeyResponse })
  api_key: ApiKeyResponse;
}

export class ApiKeyWithTokenEnvelope {
  @ApiProperty({ type: ApiKeyWithTokenResponse })
  api_key: ApiKeyWithTokenResponse;
}

export class ApiKeyList extends ListEnvelope('api_keys', ApiKeyResponse) {}
