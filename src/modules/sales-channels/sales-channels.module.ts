import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SalesChannel } from './sales-channel.entity';
import { SalesChannelsController } from './sales-channels.controller';
import { SalesChannelsService } from './sales-channels.service';

@Module({
  imports: [TypeOrmModule.forFeature([SalesChannel])],
  controllers: [SalesChannelsController],
  providers: [SalesChannelsService],
})
export class SalesChannelsModule {}
