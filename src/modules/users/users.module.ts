import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CloudMeController } from './cloud-me.controller';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [AuthModule],
  controllers: [UsersController, CloudMeController],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersModule {}
