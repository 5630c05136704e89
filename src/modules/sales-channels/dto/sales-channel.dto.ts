import { Trim } from '../../../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ListEnvelope } from '../../../common/pagination';

export class CreateSalesChannelDto {
  @ApiProperty({ example: 'Webshop' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

export class SalesChannelResponse {
  @ApiProperty({ example: 'sc_01JC9Z5X4Y0B7T8Q2M3N4P5R6S' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty()
  created_at: Date;

  @ApiProperty()
  updated_at: Date;
}

export class SalesChannelEnvelope {
  @ApiProperty({ type: SalesChannelResponse })
  sales_channel: SalesChannelResponse;
}

export class SalesChannelList extends ListEnvelope('sales_channels', SalesChannelResponse) {}
